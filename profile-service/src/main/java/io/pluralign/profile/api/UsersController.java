package io.pluralign.profile.api;

import io.pluralign.contracts.profile.ProfileDocument;
import io.pluralign.contracts.profile.ProfileDocument.BigFive;
import io.pluralign.profile.domain.Profile;
import io.pluralign.profile.domain.ProfileProblem;
import io.pluralign.profile.domain.ProfileService;
import io.pluralign.profile.domain.UserKey;
import io.pluralign.profile.store.ProfileStore;
import io.pluralign.servicekit.web.ApiException;
import io.pluralign.servicekit.web.Blocking;
import io.pluralign.servicekit.web.Caller;
import io.pluralign.servicekit.web.InvalidInput;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Across users: {@code GET /v1/users} lists a tenant's profiles for its admins (paged, filtered by trait ranges and by
 * dominant preference prototype, with the count of matches), and {@code GET /v1/users/{userId}/profile/export} returns
 * everything stored about one user (right of access).
 */
@RestController
class UsersController {
    static final int MAX_PAGE_SIZE = 200;

    private final ProfileService profiles;
    private final Clock clock;

    UsersController(ProfileService profiles, Clock clock) {
        this.profiles = profiles;
        this.clock = clock;
    }

    /** A user in a listing: enough to find and group them, not their whole profile. */
    record UserSummary(
            String userId,
            long version,
            Instant updatedAt,
            Map<String, Double> bigFive,
            Integer dominantPrototype,
            boolean optOut) {}

    record UserPage(long total, int page, int size, List<UserSummary> users) {}

    /**
     * @param filters {@code page}, {@code size} (at most 200), {@code prototype} (the index of a user's largest PAL
     *     weight), and per trait a range such as {@code openness=0.5..1}
     */
    @GetMapping("/v1/users")
    Mono<UserPage> list(Caller caller, @RequestParam MultiValueMap<String, String> filters) {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("listing users needs an admin key");
        }
        InvalidInput errors = new InvalidInput();
        int page = integer(filters, "page", 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE, errors);
        int size = integer(filters, "size", 50, 1, MAX_PAGE_SIZE, errors);
        Integer prototype = filters.containsKey("prototype")
                ? integer(filters, "prototype", 0, 0, Integer.MAX_VALUE, errors)
                : null;
        List<ProfileStore.TraitRange> ranges = new ArrayList<>();
        for (String name : filters.keySet()) {
            if (BigFive.TRAITS.contains(name)) {
                range(name, filters.getFirst(name), errors, ranges);
            } else if (!List.of("page", "size", "prototype").contains(name)) {
                errors.add(name, "is not a filter (page, size, prototype, or a trait: " + BigFive.TRAITS + ")");
            }
        }
        errors.throwIfAny();
        return Blocking.call(() -> {
            ProfileStore.Page found = profiles.list(caller.tenantId(), ranges, prototype, page * size, size);
            return new UserPage(
                    found.total(),
                    page,
                    size,
                    found.profiles().stream().map(UsersController::summary).toList());
        });
    }

    /** Everything stored about the user: the live profile and every version of it with who made it. */
    record Export(String userId, Instant exportedAt, ProfileResponse profile, List<ExportedVersion> versions) {}

    record ExportedVersion(long version, Instant changedAt, String changedBy, String change, ProfileDocument profile) {}

    @GetMapping("/v1/users/{userId}/profile/export")
    Mono<Export> export(Caller caller, @PathVariable String userId) {
        UserKey user = ProfileController.userKey(caller, userId);
        return Blocking.call(() -> {
                    ProfileService.Export export = profiles.export(user);
                    return new Export(
                            userId,
                            clock.instant(),
                            ProfileResponse.of(export.profile()),
                            export.versions().stream()
                                    .map(v -> new ExportedVersion(
                                            v.profile().version(),
                                            v.profile().updatedAt(),
                                            v.profile().updatedBy(),
                                            v.change(),
                                            v.profile().body()))
                                    .toList());
                })
                .onErrorMap(ProfileProblem.class, ProfileController::problem);
    }

    private static UserSummary summary(Profile profile) {
        ProfileDocument body = profile.body();
        Map<String, Double> traits = null;
        if (body.bigFive() != null) {
            traits = new LinkedHashMap<>();
            for (int i = 0; i < BigFive.TRAITS.size(); i++) {
                traits.put(BigFive.TRAITS.get(i), body.bigFive().all().get(i).value());
            }
        }
        Integer dominant = null;
        if (body.palWeights() != null) {
            List<Double> w = body.palWeights().weights();
            dominant = 0;
            for (int k = 1; k < w.size(); k++) {
                if (w.get(k) > w.get(dominant)) {
                    dominant = k;
                }
            }
        }
        return new UserSummary(
                profile.user().userId(), profile.version(), profile.updatedAt(), traits, dominant, body.optOut());
    }

    private static int integer(
            MultiValueMap<String, String> filters, String name, int fallback, int min, int max, InvalidInput errors) {
        String value = filters.getFirst(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(name, "must be a whole number from " + min + " to " + max + ", not '" + value + "'");
        return fallback;
    }

    private static void range(String trait, String value, InvalidInput errors, List<ProfileStore.TraitRange> ranges) {
        String[] bounds = value == null ? new String[0] : value.split("\\.\\.", -1);
        try {
            if (bounds.length == 2) {
                double min = bounds[0].isEmpty() ? 0 : Double.parseDouble(bounds[0]);
                double max = bounds[1].isEmpty() ? 1 : Double.parseDouble(bounds[1]);
                if (0 <= min && min <= max && max <= 1) {
                    ranges.add(new ProfileStore.TraitRange(trait, min, max));
                    return;
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(trait, "must be a range min..max within 0..1, such as 0.5..1, not '" + value + "'");
    }
}
