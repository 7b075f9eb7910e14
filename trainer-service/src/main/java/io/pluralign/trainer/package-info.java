/** trainer-service: feedback ingestion, per-user online learning, background shared refits. */
package io.pluralign.trainer;
