// Test support shared by unit and integration tests.
