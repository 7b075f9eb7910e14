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

    /** Twenty more, none of them in {@link #ALL}: prompts a user never rated. */
    public static final List<String> MORE = List.of(
            "How do I make new friends in a new city?",
            "What is a good way to learn to cook?",
            "How should I plan a weekend hike?",
            "How can I drink more water?",
            "What should I do before buying a used car?",
            "How do I start a morning routine?",
            "How can I stay focused while studying?",
            "What is the best way to care for houseplants?",
            "How do I write a thank-you note?",
            "How can I waste less food?",
            "How do I ask for a raise?",
            "What should I know before adopting a cat?",
            "How can I be more patient?",
            "How do I choose a good book?",
            "How can I make my mornings less rushed?",
            "What is a good way to start journaling?",
            "How do I prepare for a long flight?",
            "How can I keep in touch with old friends?",
            "How do I start learning to draw?",
            "How can I make my home warmer in winter?");

    private EverydayQuestions() {}
}
