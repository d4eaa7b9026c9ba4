package io.mig.core.gateway;

import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.model.Binding;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.DiscoverRequest;
import io.mig.core.model.DiscoverResponse;
import io.mig.core.model.HelloRequest;
import io.mig.core.model.HelloResponse;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Discovery;
import io.mig.core.port.in.Principal;
import io.mig.core.port.out.TraceSpan;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/** HELLO negotiation (SPEC §2) and scope-filtered DISCOVER (SPEC §3.3). */
final class DiscoveryService implements Discovery {
    static final List<String> SUPPORTED_VERSIONS = List.of(HeaderResolver.VERSION);

    private final HeaderResolver headers;
    private final CapabilityIndex capabilities;
    private final Supplier<Set<Binding>> enabledBindings;
    private final Supplier<List<String>> features;
    private final Supplier<List<String>> profiles;
    private final String serverId;
    private final OperationSpans spans;
    private final OperationSpans.Steps<HelloRequest, HelloResponse> helloSteps = this::hello;
    private final OperationSpans.Steps<DiscoverRequest, DiscoverResponse> discoverSteps = this::discover;

    DiscoveryService(HeaderResolver headers, CapabilityIndex capabilities, Supplier<Set<Binding>> enabledBindings,
                     Supplier<List<String>> features, Supplier<List<String>> profiles, String serverId,
                     OperationSpans spans) {
        this.spans = spans;
        this.headers = headers;
        this.capabilities = capabilities;
        this.enabledBindings = enabledBindings;
        this.features = features;
        this.profiles = profiles;
        this.serverId = serverId;
    }

    @Override
    public HelloResponse hello(CallContext call, HelloRequest request) {
        return spans.traced(TraceSpan.OP_HELLO, call, request, helloSteps);
    }

    @Override
    public DiscoverResponse discover(CallContext call, DiscoverRequest request) {
        return spans.traced(TraceSpan.OP_DISCOVER, call, request, discoverSteps);
    }

    private HelloResponse hello(CallContext call, HelloRequest request, TraceSpan span) {
        RequestScope scope = headers.resolve(call, request.header(), span);
        String version = negotiateVersion(request.supportedVersions());
        Binding binding = selectBinding(call.binding(), request.requestedBindings());
        List<String> supported = features.get();
        List<String> enabled;
        if (request.requestedFeatures() == null || request.requestedFeatures().isEmpty()) {
            enabled = supported;
        } else {
            Set<String> wanted = new LinkedHashSet<>();
            for (String feature : request.requestedFeatures()) {
                if (feature != null && supported.contains(feature.toLowerCase(Locale.ROOT))) {
                    wanted.add(feature.toLowerCase(Locale.ROOT));
                }
            }
            enabled = List.copyOf(wanted);
        }
        return new HelloResponse(scope.header(), version, binding, enabled, serverId, profiles.get());
    }

    private DiscoverResponse discover(CallContext call, DiscoverRequest request, TraceSpan span) {
        RequestScope scope = headers.resolve(call, request.header(), span);
        Principal principal = scope.principal();
        String query = request.query() == null || request.query().isEmpty() ? null : request.query();
        List<CapabilityDescriptor> visible = capabilities.search(query,
                principal.scopesEnforced() ? descriptor -> descriptor.allows(principal.scopes()) : descriptor -> true);
        return new DiscoverResponse(scope.header(), visible);
    }

    private static String negotiateVersion(List<String> offered) {
        if (offered == null || offered.isEmpty()) {
            return HeaderResolver.VERSION;
        }
        String best = null;
        for (String version : offered) {
            if (version == null) {
                continue;
            }
            String v = version.trim().startsWith("v") ? version.trim().substring(1) : version.trim();
            for (String ours : SUPPORTED_VERSIONS) {
                if ((v.equals(ours) || v.startsWith(ours + ".")) && (best == null || ours.compareTo(best) > 0)) {
                    best = ours;
                }
            }
        }
        if (best == null) {
            throw new MigException(ErrorCode.MIG_VERSION_MISMATCH, "none of the offered versions " + offered
                    + " is supported; this gateway speaks " + SUPPORTED_VERSIONS)
                    .withDetail("supported_versions", String.join(",", SUPPORTED_VERSIONS));
        }
        return best;
    }

    private Binding selectBinding(Binding arrivedOn, List<String> requested) {
        Set<Binding> enabled = enabledBindings.get();
        if (requested != null) {
            for (String name : requested) {
                for (Binding binding : enabled) { // only a started binding can be selected; other names are skipped
                    if (name != null && binding.wire().equalsIgnoreCase(name.trim())) {
                        return binding;
                    }
                }
            }
        }
        return arrivedOn;
    }
}
