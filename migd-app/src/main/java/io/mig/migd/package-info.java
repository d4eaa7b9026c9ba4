/**
 * The {@code migd} process: environment and file configuration (exit 2 on a bad value, before any
 * port is taken), the gateway and control plane wired with every binding found on the class path,
 * metrics, tracing, hot reload and the SIGTERM drain. {@link io.mig.migd.Main} is the entry point.
 */
package io.mig.migd;
