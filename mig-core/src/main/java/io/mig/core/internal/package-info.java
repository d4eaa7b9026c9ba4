/** Helpers of the core that bindings and embedders must not build on; they may change at any time. */
package io.mig.core.internal;
