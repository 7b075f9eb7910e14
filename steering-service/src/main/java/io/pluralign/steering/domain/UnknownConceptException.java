package io.pluralign.steering.domain;

/** A request named a concept its tenant does not have. */
public class UnknownConceptException extends RuntimeException {
    private final String concept;

    public UnknownConceptException(String concept) {
        super("unknown concept '" + concept + "'");
        this.concept = concept;
    }

    public String concept() {
        return concept;
    }
}
