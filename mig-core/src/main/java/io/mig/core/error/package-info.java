/**
 * MIG errors (SPEC §1.4): the codes ({@link io.mig.core.error.ErrorCode}) and the exception every
 * layer throws ({@link io.mig.core.error.MigException}) with its message, details and retryability;
 * bindings turn it into their protocol's error form.
 */
package io.mig.core.error;
