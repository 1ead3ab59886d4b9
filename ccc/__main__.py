from ccc.cli import main

main()
