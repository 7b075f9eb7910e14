package io.pluralign.gateway.api;

import io.pluralign.contracts.http.Role;
import io.pluralign.gateway.domain.Caller;
import io.pluralign.gateway.domain.TenantAdministration;
import io.pluralign.gateway.web.Blocking;
import io.pluralign.gateway.web.Exchanges;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The gateway's own admin API: tenants and API keys. Needs an admin key; see {@link TenantAdministration}, which talks to
 * PostgreSQL through blocking JDBC and so runs through {@link Blocking}.
 */
@RestController
@RequestMapping("/v1/admin")
@SecurityRequirement(name = "apiKey")
public class AdminController {
    private final TenantAdministration administration;

    public AdminController(TenantAdministration administration) {
        this.administration = administration;
    }

    @Operation(summary = "Create a tenant (admins of the root tenant only)")
    @PostMapping("/tenants")
    public Mono<ResponseEntity<TenantView>> createTenant(
            @Parameter(hidden = true) @RequestAttribute(Exchanges.CALLER) Caller caller,
            @Valid @RequestBody CreateTenantRequest body) {
        return Blocking.call(() -> TenantView.of(administration.createTenant(caller, body.id(), body.name())))
                .map(tenant -> ResponseEntity.created(URI.create("/v1/admin/tenants/" + tenant.id()))
                        .body(tenant));
    }

    @Operation(summary = "List tenants: all of them for root admins, the caller's own otherwise")
    @GetMapping("/tenants")
    public Mono<TenantList> listTenants(@Parameter(hidden = true) @RequestAttribute(Exchanges.CALLER) Caller caller) {
        return Blocking.call(() -> new TenantList(
                administration.listTenants(caller).stream().map(TenantView::of).toList()));
    }

    @Operation(
            summary = "Delete a tenant (admins of the root tenant only): its keys stop working at once, its id is"
                    + " never reused, and the services stop taking its users' data")
    @DeleteMapping("/tenants/{id}")
    public Mono<ResponseEntity<Void>> deleteTenant(
            @Parameter(hidden = true) @RequestAttribute(Exchanges.CALLER) Caller caller, @PathVariable String id) {
        return Blocking.call(() -> {
                    administration.deleteTenant(caller, id);
                    return id;
                })
                .map(deleted -> ResponseEntity.noContent().build());
    }

    @Operation(summary = "Issue an API key; the full key is in this answer only")
    @PostMapping("/keys")
    public Mono<ResponseEntity<IssuedKeyView>> issueKey(
            @Parameter(hidden = true) @RequestAttribute(Exchanges.CALLER) Caller caller,
            @Valid @RequestBody CreateKeyRequest body) {
        return Blocking.call(() -> IssuedKeyView.of(administration.issueKey(
                        caller, body.tenantId(), Role.fromWire(body.role()), body.name(), body.requestsPerSecond())))
                .map(key -> ResponseEntity.created(URI.create("/v1/admin/keys/" + key.id()))
                        .body(key));
    }

    @Operation(summary = "List the API keys of a tenant (the caller's own unless a root admin names another)")
    @GetMapping("/keys")
    public Mono<KeyList> listKeys(
            @Parameter(hidden = true) @RequestAttribute(Exchanges.CALLER) Caller caller,
            @RequestParam(required = false) String tenantId) {
        return Blocking.call(() -> new KeyList(administration.listKeys(caller, tenantId).stream()
                .map(KeyView::of)
                .toList()));
    }

    @Operation(summary = "Revoke an API key; it stops working at once on this gateway")
    @DeleteMapping("/keys/{id}")
    public Mono<ResponseEntity<Void>> revokeKey(
            @Parameter(hidden = true) @RequestAttribute(Exchanges.CALLER) Caller caller, @PathVariable String id) {
        return Blocking.call(() -> administration.revokeKey(caller, id))
                .map(revoked -> ResponseEntity.noContent().build());
    }
}
