/**
 * The in-memory implementations of the store ports ({@code MIGD_STATE=memory}, the default):
 * bounded per tenant and globally (docs/SECURITY.md, Memory bounds). Each passes its store's contract
 * test in mig-core's test jar.
 */
package io.mig.core.memory;
