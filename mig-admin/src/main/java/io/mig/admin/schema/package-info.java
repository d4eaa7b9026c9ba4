/**
 * JSON Schema registration and validation (SPEC §4.5): draft-07 (everit) and 2019-09/2020-12
 * (networknt) documents compiled once and used as the core's {@link io.mig.core.port.out.SchemaValidator};
 * violations are reported as {@code details.violations}.
 */
package io.mig.admin.schema;
