package io.pluralign.profile.api;

import io.pluralign.profile.domain.ETags;
import io.pluralign.profile.domain.Precondition;
import io.pluralign.profile.domain.Profile;
import io.pluralign.profile.domain.ProfileProblem;
import io.pluralign.profile.domain.ProfileService;
import io.pluralign.profile.domain.UserKey;
import io.pluralign.servicekit.web.ApiException;
import io.pluralign.servicekit.web.Blocking;
import io.pluralign.servicekit.web.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v1/users/{userId}/profile}: read (now or at a past version), create or replace, merge-patch, list the history
 * of, and delete a user's profile, scoped to the caller's tenant, with optimistic concurrency through {@code ETag} and
 * {@code If-Match}.
 */
@RestController
@RequestMapping("/v1/users/{userId}/profile")
class ProfileController {
    static final String MERGE_PATCH = "application/merge-patch+json";

    private final ProfileService profiles;

    ProfileController(ProfileService profiles) {
        this.profiles = profiles;
    }

    @GetMapping
    Mono<ResponseEntity<ProfileResponse>> get(
            Caller caller,
            @PathVariable String userId,
            @RequestParam(required = false) Long version,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        UserKey user = userKey(caller, userId);
        return Blocking.call(() -> (version == null ? profiles.find(user) : profiles.find(user, version))
                        .orElseThrow(() -> version == null
                                ? ProfileService.notFound(user)
                                : new ProfileProblem.NotFound(user, version)))
                .onErrorMap(ProfileProblem.class, ProfileController::problem)
                .map(profile -> Precondition.anyTagMatches(ifNoneMatch, profile.version())
                        ? ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                                .eTag(profile.etag())
                                .<ProfileResponse>build()
                        : ok(HttpStatus.OK, profile));
    }

    @PutMapping
    Mono<ResponseEntity<ProfileResponse>> put(
            Caller caller,
            @PathVariable String userId,
            @RequestBody JsonNode body,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        UserKey user = userKey(caller, userId);
        Precondition precondition = Precondition.fromHeaders(ifMatch, ifNoneMatch);
        return Blocking.call(() -> profiles.put(user, body, precondition, writer(caller)))
                .map(written -> ok(written.created() ? HttpStatus.CREATED : HttpStatus.OK, written.profile()))
                .onErrorMap(ProfileProblem.class, ProfileController::problem);
    }

    /** JSON Merge Patch (RFC 7386) of the current profile: members replace, null removes, absent stays. */
    @PatchMapping(consumes = {MERGE_PATCH, MediaType.APPLICATION_JSON_VALUE})
    Mono<ResponseEntity<ProfileResponse>> patch(
            Caller caller,
            @PathVariable String userId,
            @RequestBody JsonNode patch,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        UserKey user = userKey(caller, userId);
        Precondition precondition = Precondition.fromHeaders(ifMatch, null);
        return Blocking.call(() -> profiles.patch(user, patch, precondition, writer(caller)))
                .map(written -> ok(HttpStatus.OK, written.profile()))
                .onErrorMap(ProfileProblem.class, ProfileController::problem);
    }

    /** Every version with who or what changed it and a diff from the version before. */
    @GetMapping("/history")
    Mono<HistoryResponse> history(Caller caller, @PathVariable String userId) {
        UserKey user = userKey(caller, userId);
        return Blocking.call(() -> new HistoryResponse(userId, profiles.history(user)))
                .onErrorMap(ProfileProblem.class, ProfileController::problem);
    }

    @DeleteMapping
    Mono<ResponseEntity<Void>> delete(
            Caller caller,
            @PathVariable String userId,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        UserKey user = userKey(caller, userId);
        return Blocking.call(() -> {
                    profiles.delete(user, Precondition.fromHeaders(ifMatch, null), caller.actor());
                    return ResponseEntity.noContent().<Void>build();
                })
                .onErrorMap(ProfileProblem.class, ProfileController::problem);
    }

    private static ProfileService.Writer writer(Caller caller) {
        return new ProfileService.Writer(caller.actor(), caller.isAdmin());
    }

    static ApiException problem(ProfileProblem problem) {
        return problem instanceof ProfileProblem.NotFound
                ? ApiException.notFound(problem.getMessage())
                : ApiException.preconditionFailed(problem.getMessage());
    }

    private static ResponseEntity<ProfileResponse> ok(HttpStatus status, Profile profile) {
        return ResponseEntity.status(status).eTag(ETags.of(profile.version())).body(ProfileResponse.of(profile));
    }

    static UserKey userKey(Caller caller, String userId) {
        try {
            return new UserKey(caller.tenantId(), userId);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
