package io.pluralign.engine.gguf;

/**
 * Numbers of the GGUF container (ggml's {@code docs/gguf.md}) and the control-vector keys, shared by reader and writer.
 */
final class GgufFormat {

    /** "GGUF" as the first four bytes of the file. */
    static final byte[] MAGIC = {'G', 'G', 'U', 'F'};

    /** Version 2 made counts and lengths 64-bit; version 3 only added big-endian files, which we do not read. */
    static final int VERSION_WRITTEN = 3;

    static final long DEFAULT_ALIGNMENT = 32;

    // metadata value types
    static final int UINT8 = 0;
    static final int INT8 = 1;
    static final int UINT16 = 2;
    static final int INT16 = 3;
    static final int UINT32 = 4;
    static final int INT32 = 5;
    static final int FLOAT32 = 6;
    static final int BOOL = 7;
    static final int STRING = 8;
    static final int ARRAY = 9;
    static final int UINT64 = 10;
    static final int INT64 = 11;
    static final int FLOAT64 = 12;

    // ggml tensor types this package reads
    static final int GGML_F32 = 0;
    static final int GGML_F16 = 1;

    /** ggml's GGML_MAX_DIMS. */
    static final int MAX_DIMS = 4;

    static final String KEY_ARCHITECTURE = "general.architecture";
    static final String KEY_ALIGNMENT = "general.alignment";
    static final String KEY_MODEL_HINT = "controlvector.model_hint";
    static final String KEY_LAYER_COUNT = "controlvector.layer_count";
    static final String ARCHITECTURE = "controlvector";

    private GgufFormat() {}

    /** Bytes a value of scalar metadata type {@code type} takes, or -1 for strings, arrays and unknown types. */
    static int scalarSize(long type) {
        if (type == UINT8 || type == INT8 || type == BOOL) {
            return 1;
        }
        if (type == UINT16 || type == INT16) {
            return 2;
        }
        if (type == UINT32 || type == INT32 || type == FLOAT32) {
            return 4;
        }
        if (type == UINT64 || type == INT64 || type == FLOAT64) {
            return 8;
        }
        return -1;
    }
}
