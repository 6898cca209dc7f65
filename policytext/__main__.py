"""``python -m policytext`` runs the command line."""
from policytext.cli import main

if __name__ == "__main__":
    main()
