/**
 * Audit of the control plane (SPEC §8): the JSON-lines audit file ({@link io.mig.admin.audit.JsonlAuditSink},
 * flushed before an answer goes out), fan-out to several sinks, and the audited wrapper every admin
 * mutation runs in ({@link io.mig.admin.audit.ControlAudit}).
 */
package io.mig.admin.audit;
