package io.mig.core.model;

/** Every MIG request and response envelope carries a header (SPEC §1.1). */
public interface Envelope {
    MessageHeader header();
}
