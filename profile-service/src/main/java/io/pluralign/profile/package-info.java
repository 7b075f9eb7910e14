/** profile-service: who each user is (Big Five, preferences), versioned, tenant-scoped; publishes profile.changed. */
package io.pluralign.profile;
