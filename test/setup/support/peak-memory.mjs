// Preloaded with --import: when the process exits, writes its peak resident memory (maxRSS, in
// kilobytes) to $PEAK_MEMORY_FILE, so a test can bound what a run held at its worst.
import { writeFileSync } from "node:fs";

const file = process.env.PEAK_MEMORY_FILE;
if (file) process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
