// A minimal Nest app on one adapter, for the Fastify-vs-Express comparison in bench/run.mjs.
// Plain JS, so decorators are applied as functions.
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

const [adapterName, port] = process.argv.slice(2);

class ProbeController {
  hello() {
    return { verified: true, checks: ['proof', 'status'], issuer: 'did:web:credentials.example.org' };
  }
}
Get('probe')(ProbeController.prototype, 'hello', Object.getOwnPropertyDescriptor(ProbeController.prototype, 'hello'));
Controller()(ProbeController);
class ProbeModule {}
Module({ controllers: [ProbeController] })(ProbeModule);

const adapter =
  adapterName === 'fastify'
    ? new (await import('@nestjs/platform-fastify')).FastifyAdapter()
    : new (await import('@nestjs/platform-express')).ExpressAdapter();
const app = await NestFactory.create(ProbeModule, adapter, { logger: false });
await app.listen(Number(port), '127.0.0.1');
process.stdout.write('ready\n');
