import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { User } from './user.entity';

/** What other modules may know about a shopper: their openid (a provider needs it as the payer). */
@Injectable()
export class ShopperDirectory {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  async openidOf(userId: string): Promise<string> {
    return (await this.users.findOneByOrFail({ id: userId })).openid;
  }
}
