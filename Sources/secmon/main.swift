import SecmonCLI

await SecmonMain.run()
