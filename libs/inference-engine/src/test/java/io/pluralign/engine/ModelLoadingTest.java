package io.pluralign.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluralign.engine.checkpoint.CheckpointException;
import io.pluralign.engine.checkpoint.SafetensorsFile;
import io.pluralign.engine.checkpoint.SafetensorsWriter;
import io.pluralign.engine.checkpoint.TensorDType;
import io.pluralign.engine.checkpoint.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoadingTest {

    @TempDir
    Path dir;

    @Test
    void aShardedCheckpointGivesTheSameLogitsAsTheSingleFile() throws IOException {
        Path single = TinyModels.write("llama", dir.resolve("single"));
        Path sharded = dir.resolve("sharded");
        Files.createDirectories(sharded);
        Files.copy(single.resolve("config.json"), sharded.resolve("config.json"));
        SafetensorsFile source = SafetensorsFile.open(single.resolve("model.safetensors"));
        List<String> names = new ArrayList<>(source.tensors().keySet());
        StringBuilder index = new StringBuilder("{\"metadata\":{},\"weight_map\":{");
        SafetensorsWriter[] shards = {new SafetensorsWriter(), new SafetensorsWriter()};
        for (int i = 0; i < names.size(); i++) {
            TensorInfo info = source.info(names.get(i));
            int shard = i % 2;
            shards[shard].add(names.get(i), info.shape(), source.readFloats(names.get(i)));
            index.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(names.get(i))
                    .append("\":\"model-0000")
                    .append(shard + 1)
                    .append("-of-00002.safetensors\"");
        }
        shards[0].write(sharded.resolve("model-00001-of-00002.safetensors"), TensorDType.F32);
        shards[1].write(sharded.resolve("model-00002-of-00002.safetensors"), TensorDType.F32);
        Files.writeString(
                sharded.resolve("model.safetensors.index.json"),
                index.append("}}").toString());
        int[] tokens = BatchRunnerTest.randomTokens(8, 1);
        try (LanguageModel a = LanguageModel.load(single);
                LanguageModel b = LanguageModel.load(sharded)) {
            assertThat(b.logits(tokens)).isDeepEqualTo(a.logits(tokens));
        }
    }

    @Test
    void halfPrecisionCheckpointsLoadAndStayCloseToF32() throws IOException {
        int[] tokens = BatchRunnerTest.randomTokens(8, 2);
        float[][] reference;
        try (LanguageModel f32 = LanguageModel.load(TinyModels.write("qwen2", dir.resolve("f32")))) {
            reference = f32.logits(tokens);
        }
        for (TensorDType dtype : new TensorDType[] {TensorDType.F16, TensorDType.BF16}) {
            Path folder = TinyModels.spec("qwen2").write(dir.resolve(dtype.name()), dtype);
            try (LanguageModel model = LanguageModel.load(folder)) {
                float[][] logits = model.logits(tokens);
                for (int i = 0; i < tokens.length; i++) {
                    BatchRunnerTest.assertClose(logits[i], reference[i], dtype == TensorDType.F16 ? 2e-3f : 2e-2f);
                }
            }
        }
    }

    @Test
    void aTensorOfTheWrongShapeIsNamedWithItsFile() throws IOException {
        Path folder = TinyModels.write("llama", dir.resolve("llama"));
        String config = Files.readString(folder.resolve("config.json"));
        Files.writeString(
                folder.resolve("config.json"),
                config.replace("\"intermediate_size\" : 96", "\"intermediate_size\" : 128"));
        assertThatThrownBy(() -> LanguageModel.load(folder))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.safetensors")
                .hasMessageContaining("model.layers.0.mlp.gate_proj.weight")
                .hasMessageContaining("[96, 64]")
                .hasMessageContaining("[128, 64]");
    }

    @Test
    void missingFilesAndUnknownArchitecturesAreClearErrors() throws IOException {
        Path folder = TinyModels.write("llama", dir.resolve("llama"));
        Files.delete(folder.resolve("model.safetensors"));
        assertThatThrownBy(() -> LanguageModel.load(folder)).hasMessageContaining("holds neither model.safetensors");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> LanguageModel.load(empty)).hasMessageContaining("config.json: does not exist");
        Files.writeString(empty.resolve("config.json"), "{\"architectures\":[\"MambaForCausalLM\"]}");
        assertThatThrownBy(() -> LanguageModel.load(empty))
                .hasMessageContaining("MambaForCausalLM")
                .hasMessageContaining("LlamaForCausalLM");
        Files.writeString(
                empty.resolve("config.json"), "{\"architectures\":[\"LlamaForCausalLM\"], \"hidden_size\": 64}");
        assertThatThrownBy(() -> LanguageModel.load(empty))
                .hasMessageContaining(empty.resolve("config.json") + ": 'num_attention_heads' is missing");
    }

    @Test
    void aMalformedTokenizerIsAClearErrorAndAMissingOneOnlyStopsTextUse() throws IOException {
        Path folder = TinyModels.write("llama", dir.resolve("llama"));
        Files.writeString(folder.resolve("tokenizer.json"), "{\"model\": {\"type\": \"Nonsense\"");
        assertThatThrownBy(() -> LanguageModel.load(folder))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokenizer.json")
                .hasMessageContaining("cannot be loaded");
        Files.delete(folder.resolve("tokenizer.json"));
        try (LanguageModel model = LanguageModel.load(folder)) {
            assertThat(model.logits(new int[] {1, 2, 3})).hasNumberOfRows(3);
            assertThatThrownBy(model::tokenizer).hasMessageContaining("has no tokenizer.json");
        }
    }
}
