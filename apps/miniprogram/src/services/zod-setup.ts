import { config } from 'zod'

// zod 4 compiles object parsers with `new Function` when it can; WeChat's mini program runtime forbids
// dynamic code and some browsers' CSPs do too. The interpreted path gives the same results everywhere.
config({ jitless: true })
