// SecmonDoctor: see Package.swift.
