import SecmonCLI

await SecmonCommand.main()
