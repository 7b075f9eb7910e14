package io.pluralign.engine.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The weights of a Hugging Face model folder: {@code model.safetensors}, or the shards listed in
 * {@code model.safetensors.index.json}. Reading a tensor checks its shape against what the model expects, so a
 * mismatched checkpoint fails naming the file and tensor.
 */
public final class Checkpoint {

    static final String SINGLE_FILE = "model.safetensors";
    static final String INDEX_FILE = "model.safetensors.index.json";

    private final Path folder;
    private final Map<String, SafetensorsFile> fileByTensor;
    private final boolean copying;

    private Checkpoint(Path folder, Map<String, SafetensorsFile> fileByTensor, boolean copying) {
        this.folder = folder;
        this.fileByTensor = fileByTensor;
        this.copying = copying;
    }

    /**
     * This checkpoint, reading tensors into fresh writable memory instead of views of the read-only file mapping.
     * Inference shares the mapping (no copy on the CPU); training updates weights in place and needs the copies.
     */
    public Checkpoint copying() {
        return new Checkpoint(folder, fileByTensor, true);
    }

    /** Opens the weights in {@code folder}; the sharded index wins when both layouts are present. */
    public static Checkpoint open(Path folder) {
        Path index = folder.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            return openSharded(folder, index);
        }
        Path single = folder.resolve(SINGLE_FILE);
        if (!Files.isRegularFile(single)) {
            throw CheckpointException.inFile(
                    folder, "holds neither " + SINGLE_FILE + " nor " + INDEX_FILE + " (only safetensors are read)");
        }
        SafetensorsFile file = SafetensorsFile.open(single);
        Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
        file.tensors().keySet().forEach(name -> byTensor.put(name, file));
        file.unsupportedTensors().forEach(name -> byTensor.put(name, file));
        return new Checkpoint(folder, byTensor, false);
    }

    private static Checkpoint openSharded(Path folder, Path index) {
        JsonNode weightMap;
        try {
            weightMap = JsonMapper.builder()
                    .build()
                    .readTree(Files.readString(index))
                    .path("weight_map");
        } catch (IOException | JacksonException e) {
            throw new CheckpointException(index + ": cannot be read as JSON: " + e.getMessage(), e);
        }
        if (!weightMap.isObject() || weightMap.isEmpty()) {
            throw CheckpointException.inFile(index, "has no weight_map");
        }
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : weightMap.properties()) {
            String shardName = entry.getValue().asString("");
            Path shardPath = folder.resolve(shardName).normalize();
            if (shardName.isEmpty() || !shardPath.startsWith(folder.normalize())) {
                throw CheckpointException.inTensor(index, entry.getKey(), "names an invalid shard '" + shardName + "'");
            }
            SafetensorsFile shard = shards.computeIfAbsent(shardName, n -> SafetensorsFile.open(shardPath));
            if (!shard.contains(entry.getKey())) {
                throw CheckpointException.inTensor(
                        shard.path(), entry.getKey(), "is listed in " + INDEX_FILE + " but missing from the shard");
            }
            byTensor.put(entry.getKey(), shard);
        }
        return new Checkpoint(folder, byTensor, false);
    }

    public Path folder() {
        return folder;
    }

    /** All tensor names. */
    public Set<String> names() {
        return new TreeSet<>(fileByTensor.keySet());
    }

    public boolean contains(String name) {
        return fileByTensor.containsKey(name);
    }

    /** The tensor's header entry. */
    public TensorInfo info(String name) {
        return file(name).info(name);
    }

    /**
     * The tensor as little-endian F32 bytes after checking its shape is {@code expectedShape}.
     *
     * @throws CheckpointException naming the file and tensor when it is missing or shaped differently
     */
    public ByteBuffer readF32(String name, long... expectedShape) {
        SafetensorsFile file = file(name);
        TensorInfo info = file.info(name);
        if (!java.util.Arrays.equals(info.shape(), expectedShape)) {
            throw CheckpointException.inTensor(
                    file.path(),
                    name,
                    "has shape " + info.shapeString() + " but config.json implies "
                            + java.util.Arrays.toString(expectedShape));
        }
        ByteBuffer data = file.readF32(name);
        if (!copying || !data.isReadOnly()) {
            return data;
        }
        ByteBuffer copy = ByteBuffer.allocateDirect(data.remaining()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        return copy.put(data).flip();
    }

    private SafetensorsFile file(String name) {
        SafetensorsFile file = fileByTensor.get(name);
        if (file == null) {
            throw CheckpointException.inTensor(folder, name, "is missing from the checkpoint");
        }
        return file;
    }
}
