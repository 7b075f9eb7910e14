/** Per-user reward learning: answers, the comparisons feedback makes of them, online theta updates and refits. */
package io.pluralign.trainer.domain;
