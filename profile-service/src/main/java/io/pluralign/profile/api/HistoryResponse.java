package io.pluralign.profile.api;

import io.pluralign.profile.domain.ProfileService.HistoryEntry;
import java.util.List;

/** {@code GET .../profile/history}: every version, oldest first, with what changed. */
public record HistoryResponse(String userId, List<HistoryEntry> versions) {}
