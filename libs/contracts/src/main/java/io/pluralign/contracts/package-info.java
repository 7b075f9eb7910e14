/** What Pluralign's services agree on: event envelopes and payloads, topic names, and the gateway's trust headers. */
package io.pluralign.contracts;
