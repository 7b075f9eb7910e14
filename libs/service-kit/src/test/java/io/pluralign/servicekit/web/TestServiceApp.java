package io.pluralign.servicekit.web;

import org.springframework.boot.SpringBootConfiguration;

/** The configuration root that slice tests of this package find. */
@SpringBootConfiguration
class TestServiceApp {}
