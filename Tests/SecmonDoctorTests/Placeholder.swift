// Placeholder until the first real tests of this target land; remove then.
