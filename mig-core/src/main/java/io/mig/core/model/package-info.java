/**
 * The MIG message model (SPEC §1): envelopes, headers, requests and answers of every operation,
 * capability descriptors and stream frames, as JSON records (snake_case on the wire).
 */
package io.mig.core.model;
