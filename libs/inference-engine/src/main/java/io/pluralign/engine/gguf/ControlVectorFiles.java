package io.pluralign.engine.gguf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads and writes {@link ControlVector}s as GGUF control-vector files, the files repeng's
 * {@code ControlVector.export_gguf} writes and {@code import_gguf} reads, and llama.cpp loads with
 * {@code --control-vector}.
 *
 * <h2>Layer numbering: {@code direction.N} is Pluralign layer {@code N}</h2>
 *
 * <p>Pluralign layer {@code L} (0-based) adds its vector to the residual stream at the output of transformer block
 * {@code L}, which is Hugging Face {@code hidden_states[L + 1]}. A file's tensor {@code direction.N} is added at the
 * output of block {@code N}, counted from 0 the same way, so the numbers carry over unchanged. The facts behind that,
 * from the sources:
 *
 * <ul>
 *   <li>llama.cpp {@code common/common.cpp}, {@code common_control_vector_load_one}: reads {@code N} from the tensor
 *       name {@code direction.N}, refuses the whole file for {@code N == 0} (and for a non-F32, non-one-dimensional or
 *       differently sized tensor), and stores the vector at offset {@code (N - 1) * n_embd} of a flat buffer whose
 *       first slot is layer 1.
 *   <li>llama.cpp {@code src/llama-adapter.cpp}, {@code llama_adapter_cvec::init} and {@code ::apply}: creates no
 *       tensor for layer 0 and, for {@code il} from 1 to {@code n_layer - 1}, fills {@code tensors[il]} from buffer
 *       offset {@code (il - 1) * n_embd}; the two shifts cancel, so {@code tensors[il]} is {@code direction.il}.
 *   <li>llama.cpp's graph builders ({@code src/models/*.cpp}) call {@code build_cvec(cur, il)}, that is
 *       {@code llama_adapter_cvec::apply_to}, right after block {@code il}'s feed-forward residual add, on the tensor
 *       named {@code l_out}: the block's output and the next block's input. llama.cpp's block {@code il}
 *       ({@code blk.il}) is Hugging Face's {@code model.layers[il]}.
 *   <li>repeng {@code repeng/extract.py}, {@code ControlVector.export_gguf}, names each tensor {@code direction.<layer>}
 *       with its own layer id; {@code repeng/control.py}, {@code ControlModule.forward}, adds that layer's vector to the
 *       output of {@code model.layers[layer]}, and {@code extract.py}, {@code batched_get_hiddens}, trains it on
 *       {@code hidden_states[layer + 1]}. So repeng's layer id is the same block index.
 * </ul>
 *
 * <p>Consequences: Pluralign layer 0 (block 0's output) has no GGUF form, and writing a vector that steers it is
 * refused; a file with {@code direction.0} is refused, as llama.cpp refuses it. llama.cpp silently ignores a direction
 * whose {@code N} is not below the model's block count, and sums two tensors for the same layer; this reader refuses
 * the duplicate instead. The translation lives in one package-private class, {@code DirectionNumbering}.
 *
 * <h2>What is read</h2>
 *
 * <p>Little-endian GGUF versions 2 and 3. Metadata: {@code controlvector.model_hint} (a string, "" when absent),
 * {@code general.alignment} (a uint32 power of two, 32 when absent); every other key, {@code general.architecture} and
 * {@code controlvector.layer_count} included, is skipped. Every tensor must be a {@code direction.N} of F32 or F16 with
 * one dimension (trailing dimensions of 1 allowed, as llama.cpp allows them), all of one length. Anything else, a file
 * over 64 MiB, or a count or length that the file's bytes cannot hold, is a
 * {@link ControlVectorFormatException} that names the source and, where one is at fault, the tensor.
 *
 * <p>Writing produces GGUF v3 with F32 tensors and the three metadata keys repeng writes.
 */
public final class ControlVectorFiles {

    private ControlVectorFiles() {}

    /** Reads the control vector in {@code file}; the message of a format error starts with the file's path. */
    public static ControlVector read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > GgufReader.MAX_FILE_BYTES) {
            throw new ControlVectorFormatException(file + ": " + size + " bytes is more than the "
                    + GgufReader.MAX_FILE_BYTES + " a control vector file may have");
        }
        return GgufReader.parse(Files.readAllBytes(file), file.toString());
    }

    /**
     * Reads a control vector from {@code in} (an upload, say) to its end, without closing it; at most
     * 64 MiB are read before it is refused.
     *
     * @param sourceName what format errors call the source, such as the uploaded file's name
     */
    public static ControlVector read(InputStream in, String sourceName) throws IOException {
        Objects.requireNonNull(sourceName, "sourceName");
        byte[] bytes = in.readNBytes((int) GgufReader.MAX_FILE_BYTES + 1);
        if (bytes.length > GgufReader.MAX_FILE_BYTES) {
            throw new ControlVectorFormatException(GgufReader.printable(sourceName) + ": more than "
                    + GgufReader.MAX_FILE_BYTES + " bytes, which no control vector file has");
        }
        return GgufReader.parse(bytes, sourceName);
    }

    /**
     * Reads a control vector from the bytes of a GGUF file; {@code bytes} is not kept.
     *
     * @param sourceName what format errors call the source
     */
    public static ControlVector read(byte[] bytes, String sourceName) throws ControlVectorFormatException {
        Objects.requireNonNull(sourceName, "sourceName");
        return GgufReader.parse(bytes, sourceName);
    }

    /**
     * Writes {@code vector} to {@code file}, replacing it if it exists.
     *
     * @throws IllegalArgumentException if the vector steers layer 0, which the format cannot express
     */
    public static void write(Path file, ControlVector vector) throws IOException {
        Files.write(file, toBytes(vector));
    }

    /**
     * The bytes of the GGUF file {@link #write} would write.
     *
     * @throws IllegalArgumentException if the vector steers layer 0, which the format cannot express
     */
    public static byte[] toBytes(ControlVector vector) {
        return GgufWriter.encode(Objects.requireNonNull(vector, "vector"));
    }
}
