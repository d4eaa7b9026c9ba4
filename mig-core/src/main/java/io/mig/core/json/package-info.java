/**
 * The one JSON configuration of MIG ({@link io.mig.core.json.MigJson}): strict reading (one value,
 * no trailing bytes, numbers kept exact) and encoding of the model.
 */
package io.mig.core.json;
