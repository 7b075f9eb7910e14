package io.pluralign.e2e;

import java.util.List;

/** Everyday questions the bundled model answers, shared by the end-to-end tests that compare answers. */
public final class EverydayQuestions {
    public static final List<String> ALL = List.of(
            "How do I start running?",
            "Any tips for saving money?",
            "How can I sleep better?",
            "What should I know about baking bread?",
            "How do I prepare for a job interview?",
            "How can I learn Spanish?",
            "What is the best way to start a vegetable garden?",
            "How do I train a puppy?",
            "Any advice for moving house?",
            "How do I keep the house clean?",
            "How can I get more done at work?",
            "What should I pack for a trip?",
            "How do I fix a leaky tap?",
            "How can I read more books?",
            "How do I take sharper photos?",
            "Any tips for learning the guitar?",
            "How do I give a good presentation?",
            "How can I eat better?",
            "How do I start cycling to work?",
            "What should I know about camping for the first time?");

    private EverydayQuestions() {}
}
