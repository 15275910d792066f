#!/usr/bin/env node
import { main } from '../dist/cli/mechac.js';

main(process.argv);
