import { spawn } from 'child_process'
import path from 'path'

/** Runs a binary from node_modules/.bin with this process's environment; resolves to its exit code. */
export const runBin = (bin: string, args: string[]): Promise<number> =>
  new Promise((resolve, reject) => {
    const child = spawn(path.resolve('node_modules/.bin', bin), args, { stdio: 'inherit', env: process.env })
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal)
    const onInt = forward('SIGINT')
    const onTerm = forward('SIGTERM')
    process.on('SIGINT', onInt)
    process.on('SIGTERM', onTerm)
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
      resolve(code ?? (signal ? 1 : 0))
    })
  })
