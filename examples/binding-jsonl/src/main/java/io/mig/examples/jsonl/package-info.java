/**
 * An example binding, written against mig-core's public API only: MIG as JSON lines over a TCP
 * socket. One request per line ({@code {"id": "…", "op": "invoke", "tenant": "acme", "body": {…}}}),
 * one answer per line with the same {@code id}; a streamed INVOKE answers with one
 * {@code {"id", "frame"}} line per frame, a SUBSCRIBE with one {@code {"id", "event"}} line per
 * event. {@code docs/BINDINGS.md} walks through it.
 */
package io.mig.examples.jsonl;
