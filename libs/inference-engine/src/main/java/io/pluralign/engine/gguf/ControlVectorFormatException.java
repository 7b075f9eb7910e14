package io.pluralign.engine.gguf;

import java.io.IOException;

/** A file or upload that is not a control vector this package can read; the message names the source and tensor. */
public final class ControlVectorFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public ControlVectorFormatException(String message) {
        super(message);
    }
}
