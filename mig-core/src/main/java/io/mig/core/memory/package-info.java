/**
 * The in-memory implementations of the store ports ({@code MIGD_STATE=memory}, the default):
 * bounded per tenant and globally (docs/SECURITY.md, Memory bounds). Each passes its store's contract
 * test in mig-core's test jar. Other modules never name these classes: they reach them through the
 * ports' {@code inMemory()} factories and the gateway's and control plane's defaults.
 */
package io.mig.core.memory;
