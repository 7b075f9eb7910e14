package io.pluralign.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A database that belongs to one test class. */
public record TestDatabase(String jdbcUrl, String username, String password) {
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }
}
