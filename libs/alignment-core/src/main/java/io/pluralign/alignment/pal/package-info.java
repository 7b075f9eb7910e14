/**
 * PAL, the ideal-point reward model of pluralistic alignment: item embeddings projected into a preference space, K
 * shared prototypes, each user a mixture of them (softmax weights), reward the negative squared distance to the user's
 * ideal point; trained with the Bradley-Terry (logistic) loss on pairwise preferences. Plain doubles, no framework.
 */
package io.pluralign.alignment.pal;
