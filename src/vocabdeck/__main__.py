from vocabdeck.console import main

main()
