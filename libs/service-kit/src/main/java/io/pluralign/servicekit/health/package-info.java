/** Health indicators for the infrastructure every service needs. */
package io.pluralign.servicekit.health;
