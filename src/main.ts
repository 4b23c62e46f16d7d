// The bin's entry point: everything else is in cli.ts, which runs nothing on import.
import { main } from './cli.js';

void main(process.argv);
