package io.pluralign.profile.domain;

/** A request about a profile that cannot be honoured as asked; the API turns it into a problem response. */
public sealed class ProfileProblem extends RuntimeException {
    ProfileProblem(String message) {
        super(message);
    }

    /** The user has no (live) profile. */
    public static final class NotFound extends ProfileProblem {
        NotFound(UserKey user) {
            super("user " + user.userId() + " has no profile");
        }

        public NotFound(UserKey user, long version) {
            super("user " + user.userId() + " has no profile version " + version);
        }
    }

    /** The client's If-Match / If-None-Match does not hold for the current version. */
    public static final class PreconditionFailed extends ProfileProblem {
        PreconditionFailed(String message) {
            super(message);
        }
    }
}
