/**
 * Helpers of the core that bindings and embedders must not build on; they may change at any time.
 * No module outside mig-core refers to this package (migd-app's {@code ArchitectureTest} fails the
 * build when one does).
 */
package io.mig.core.internal;
