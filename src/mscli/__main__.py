from mscli.cli import main

main()
