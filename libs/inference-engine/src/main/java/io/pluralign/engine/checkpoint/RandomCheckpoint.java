package io.pluralign.engine.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a Hugging Face folder (config.json + model.safetensors) with seeded random weights for any supported family:
 * the tiny checkpoints of the tests and the ~100M-parameter model of the benchmark. Weights are N(0, 0.02), norm gains
 * 1 + N(0, 0.1) and biases N(0, 0.02), so every tensor matters to the output.
 *
 * @param family {@code llama}, {@code qwen2}, {@code mistral} or {@code gpt2}
 * @param slidingWindow Mistral's window (0 for none)
 */
public record RandomCheckpoint(
        String family,
        int vocab,
        int hidden,
        int layers,
        int heads,
        int kvHeads,
        int ffn,
        int maxPositions,
        boolean tied,
        int slidingWindow,
        long seed) {

    /** Writes the folder; returns it. */
    public Path write(Path folder, TensorDType dtype) throws IOException {
        Files.createDirectories(folder);
        SplittableRandom random = new SplittableRandom(seed);
        SafetensorsWriter writer = new SafetensorsWriter();
        if (family.equals("gpt2")) {
            gpt2(writer, random);
        } else {
            llama(writer, random);
        }
        writer.write(folder.resolve("model.safetensors"), dtype);
        Files.writeString(folder.resolve("config.json"), config().toPrettyString());
        return folder;
    }

    private void llama(SafetensorsWriter w, SplittableRandom r) {
        int d = hidden / heads;
        int q = heads * d;
        int kv = kvHeads * d;
        w.add("model.embed_tokens.weight", shape(vocab, hidden), normal(r, vocab * hidden, 0, 0.02));
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            w.add(p + "input_layernorm.weight", shape(hidden), normal(r, hidden, 1, 0.1));
            w.add(p + "self_attn.q_proj.weight", shape(q, hidden), normal(r, q * hidden, 0, 0.02));
            w.add(p + "self_attn.k_proj.weight", shape(kv, hidden), normal(r, kv * hidden, 0, 0.02));
            w.add(p + "self_attn.v_proj.weight", shape(kv, hidden), normal(r, kv * hidden, 0, 0.02));
            if (family.equals("qwen2")) {
                w.add(p + "self_attn.q_proj.bias", shape(q), normal(r, q, 0, 0.02));
                w.add(p + "self_attn.k_proj.bias", shape(kv), normal(r, kv, 0, 0.02));
                w.add(p + "self_attn.v_proj.bias", shape(kv), normal(r, kv, 0, 0.02));
            }
            w.add(p + "self_attn.o_proj.weight", shape(hidden, q), normal(r, hidden * q, 0, 0.02));
            w.add(p + "post_attention_layernorm.weight", shape(hidden), normal(r, hidden, 1, 0.1));
            w.add(p + "mlp.gate_proj.weight", shape(ffn, hidden), normal(r, ffn * hidden, 0, 0.02));
            w.add(p + "mlp.up_proj.weight", shape(ffn, hidden), normal(r, ffn * hidden, 0, 0.02));
            w.add(p + "mlp.down_proj.weight", shape(hidden, ffn), normal(r, hidden * ffn, 0, 0.02));
        }
        w.add("model.norm.weight", shape(hidden), normal(r, hidden, 1, 0.1));
        if (!tied) {
            w.add("lm_head.weight", shape(vocab, hidden), normal(r, vocab * hidden, 0, 0.02));
        }
    }

    private void gpt2(SafetensorsWriter w, SplittableRandom r) {
        w.add("wte.weight", shape(vocab, hidden), normal(r, vocab * hidden, 0, 0.02));
        w.add("wpe.weight", shape(maxPositions, hidden), normal(r, maxPositions * hidden, 0, 0.02));
        for (int l = 0; l < layers; l++) {
            String p = "h." + l + ".";
            w.add(p + "ln_1.weight", shape(hidden), normal(r, hidden, 1, 0.1));
            w.add(p + "ln_1.bias", shape(hidden), normal(r, hidden, 0, 0.02));
            w.add(p + "attn.c_attn.weight", shape(hidden, 3 * hidden), normal(r, 3 * hidden * hidden, 0, 0.02));
            w.add(p + "attn.c_attn.bias", shape(3 * hidden), normal(r, 3 * hidden, 0, 0.02));
            w.add(p + "attn.c_proj.weight", shape(hidden, hidden), normal(r, hidden * hidden, 0, 0.02));
            w.add(p + "attn.c_proj.bias", shape(hidden), normal(r, hidden, 0, 0.02));
            w.add(p + "ln_2.weight", shape(hidden), normal(r, hidden, 1, 0.1));
            w.add(p + "ln_2.bias", shape(hidden), normal(r, hidden, 0, 0.02));
            w.add(p + "mlp.c_fc.weight", shape(hidden, ffn), normal(r, hidden * ffn, 0, 0.02));
            w.add(p + "mlp.c_fc.bias", shape(ffn), normal(r, ffn, 0, 0.02));
            w.add(p + "mlp.c_proj.weight", shape(ffn, hidden), normal(r, ffn * hidden, 0, 0.02));
            w.add(p + "mlp.c_proj.bias", shape(hidden), normal(r, hidden, 0, 0.02));
        }
        w.add("ln_f.weight", shape(hidden), normal(r, hidden, 1, 0.1));
        w.add("ln_f.bias", shape(hidden), normal(r, hidden, 0, 0.02));
    }

    private ObjectNode config() {
        ObjectNode c = JsonMapper.builder().build().createObjectNode();
        if (family.equals("gpt2")) {
            c.putArray("architectures").add("GPT2LMHeadModel");
            c.put("model_type", "gpt2");
            c.put("n_embd", hidden);
            c.put("n_head", heads);
            c.put("n_layer", layers);
            c.put("n_inner", ffn);
            c.put("n_positions", maxPositions);
            c.put("n_ctx", maxPositions);
            c.put("layer_norm_epsilon", 1e-5);
            c.put("activation_function", "gelu_new");
        } else {
            String architecture = family.equals("qwen2")
                    ? "Qwen2ForCausalLM"
                    : family.equals("mistral") ? "MistralForCausalLM" : "LlamaForCausalLM";
            c.putArray("architectures").add(architecture);
            c.put("model_type", family);
            c.put("hidden_size", hidden);
            c.put("num_attention_heads", heads);
            c.put("num_key_value_heads", kvHeads);
            c.put("num_hidden_layers", layers);
            c.put("intermediate_size", ffn);
            c.put("max_position_embeddings", maxPositions);
            c.put("rms_norm_eps", 1e-5);
            c.put("rope_theta", family.equals("qwen2") ? 1000000.0 : 10000.0);
            c.put("tie_word_embeddings", tied);
            c.put("hidden_act", "silu");
            if (family.equals("mistral")) {
                // Hugging Face reads null as "no window"; 0 would mask every key there.
                if (slidingWindow > 0) {
                    c.put("sliding_window", slidingWindow);
                } else {
                    c.putNull("sliding_window");
                }
            }
        }
        c.put("vocab_size", vocab);
        c.put("bos_token_id", 1);
        c.put("eos_token_id", 2);
        c.put("torch_dtype", "float32");
        return c;
    }

    private static long[] shape(long... dims) {
        return dims;
    }

    private static float[] normal(SplittableRandom r, int count, double mean, double std) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (mean + std * gaussian(r));
        }
        return values;
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
    }
}
