package io.pluralign.profile.domain;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

/** Big Five trait levels, each in [0, 1]. */
public record BigFive(
        @NotNull @DecimalMin("0.0") @DecimalMax("1.0") Double openness,
        @NotNull @DecimalMin("0.0") @DecimalMax("1.0") Double conscientiousness,
        @NotNull @DecimalMin("0.0") @DecimalMax("1.0") Double extraversion,
        @NotNull @DecimalMin("0.0") @DecimalMax("1.0") Double agreeableness,
        @NotNull @DecimalMin("0.0") @DecimalMax("1.0") Double neuroticism) {}
