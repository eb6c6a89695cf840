from mscli.entry import main

main()
