/**
 * steering-service's domain: concepts and their vectors on the served model, users' profiles as the service last saw
 * them, each user's composed steering, and generation requests.
 */
package io.pluralign.steering.domain;
