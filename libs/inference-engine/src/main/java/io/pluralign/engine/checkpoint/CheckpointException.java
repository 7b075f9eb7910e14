package io.pluralign.engine.checkpoint;

import java.nio.file.Path;

/** A checkpoint file that is missing, malformed or does not match the model; the message names the file and tensor. */
public class CheckpointException extends RuntimeException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }

    public static CheckpointException inFile(Path file, String problem) {
        return new CheckpointException(file + ": " + problem);
    }

    public static CheckpointException inTensor(Path file, String tensor, String problem) {
        return new CheckpointException(file + ": tensor '" + tensor + "' " + problem);
    }
}
