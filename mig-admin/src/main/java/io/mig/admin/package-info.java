/** The control plane of the gateway: registry, schemas, governance, identity, conformance checks, connections. */
package io.mig.admin;
