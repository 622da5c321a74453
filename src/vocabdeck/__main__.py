from vocabdeck.cli import main

main()
